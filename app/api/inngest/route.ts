import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

/** Inngest's serve endpoint: the executor (Dev Server, Cloud or self-hosted) calls the functions here. */
export const { GET, POST, PUT } = serve({ client: inngest, functions });
