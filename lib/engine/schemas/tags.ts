/** Domain tag operations (TagResource, UntagResource, ListTagsForResource) and the `ResourceTag` shape. */
import { z } from "zod";
import { arn, list, tagText } from "./common";

export const resourceTagKey = tagText(128, 1);
export const resourceTag = z.object({ key: resourceTagKey, value: tagText(256).optional() });
/** No item limit in the model; more than 50 tags on a domain is `TooManyTagsFault` (engine). */
export const resourceTagList = list(resourceTag);

export const tagSchemas = {
  TagResource: z.object({ resourceArn: arn, tags: resourceTagList }),
  UntagResource: z.object({ resourceArn: arn, tagKeys: list(resourceTagKey) }),
  ListTagsForResource: z.object({ resourceArn: arn }),
};
