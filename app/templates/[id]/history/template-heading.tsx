import { ManagedBadge } from "@/components/managed-badge";
import type { TemplateView } from "@/lib/templates/service";
import { TemplateTabs } from "../template-tabs";

/** The template's name, where it comes from, and the tabs, above every History view. */
export function TemplateHeading({ template }: { template: TemplateView }) {
  return (
    <>
      <h1 className="mb-2 break-words text-2xl font-semibold">{template.name}</h1>
      {template.syncSource && (
        <p className="mb-2">
          <ManagedBadge path={template.syncSource} />
        </p>
      )}
      <TemplateTabs id={template.id} current="history" />
    </>
  );
}
