// Order states and payment methods: the codes (the database enums) and their zh-CN names, for messages
// and the student's timeline on the server and in the mini-app.
export const ORDER_STATUSES = [
  "pending_payment",
  "partially_paid",
  "paid",
  "completed",
  "cancelled",
  "refunding",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ["wechat", "alipay", "pos", "cash", "bank_transfer"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

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
