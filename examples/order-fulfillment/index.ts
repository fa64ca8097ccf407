export * from "./constants";
export { registerOrderTypes } from "./register";
export {
  decideOrder,
  decideShipment,
  shipWorkflowId,
  paymentRetryDelay,
  currentAddress,
  type OrderDeciderConfig,
} from "./deciders";
export {
  orderActivities,
  shippingActivities,
  PaymentDeclined,
  type SimulatedWork,
} from "./activities";
export { startOrderWorkers, type OrderWorkersOptions, type RunningWorkers } from "./workers";
export {
  startOrder,
  startOrders,
  sampleOrder,
  sampleOrders,
  startOrderTrickle,
  trickleKind,
  trickleOrder,
  TRICKLE_MIX,
  type TrickleKind,
} from "./start-orders";
