import schema from "@octokit/webhooks-schemas";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(schema, "webhooks");

/** GitHub's published JSON Schema for one webhook payload (`push$event`, `pull_request$opened`, …); undefined when it has none. */
export const webhookValidatorFor = (definition: string) => ajv.getSchema(`webhooks#/definitions/${definition}`);
