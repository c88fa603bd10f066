// Toasts wide enough for a sentence (Vant's icon toasts are sized for two words; roll-call and check-in
// answers name students, statuses and hours). Failures show the server's own message.
import { showFailToast, showSuccessToast } from "vant";
import "./sentenceToast.css";

const wide = { className: "xg-sentence-toast", wordBreak: "normal" as const };

export function failToast(message: string, duration = 3500): void {
  showFailToast({ message, duration, ...wide });
}

export function successToast(message: string, duration = 2000): void {
  showSuccessToast({ message, duration, ...wide });
}
