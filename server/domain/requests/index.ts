// Registers every request type with the approval engine: import this module once at start-up (and in
// tests that go through the HTTP app) so `requestTypeOf("refund")` etc. find their types.
import "../leave/leaveRequestType";
import "./refundRequestType";
import "./transferRequestType";
import "./suspensionRequestType";
