import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/server";
import { TemplateEditor } from "@/components/template-editor";
import { saveTemplate } from "../actions";
import { ProposeNewFile } from "./propose-new-file";

export const metadata: Metadata = { title: "New template" };

const STARTER = JSON.stringify({ name: "", description: "", body: {} }, null, 2);

export default async function NewTemplatePage() {
  const actor = await requireActor("/templates/new");
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">New template</h1>
      <TemplateEditor initial={STARTER} save={saveTemplate} />
      <ProposeNewFile actor={actor} />
    </div>
  );
}
