/**
 * The worker SDK's SWF client is the project's one client factory (lib/swf/client.ts): with no
 * endpoint configured it goes to AWS, as any AWS SDK would.
 */
export {
  createSwfClient,
  LONG_POLL_REQUEST_TIMEOUT_MS,
  type CreateSwfClientOptions,
} from "../swf/client";
