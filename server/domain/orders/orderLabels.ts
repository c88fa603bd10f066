// zh-CN names of order states and payment methods, for messages and the student's timeline.
import type { OrderStatus, PaymentMethod } from "../../db/schema";

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: "待付款",
  partially_paid: "部分付款",
  paid: "已付款",
  completed: "已完成",
  cancelled: "已取消",
  refunding: "退费中",
  refunded: "已退费",
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  wechat: "微信",
  alipay: "支付宝",
  pos: "刷卡",
  cash: "现金",
  bank_transfer: "银行转账",
};
