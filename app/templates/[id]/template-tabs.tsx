import Link from "next/link";

const tab = "border-b-2 px-3 py-2 text-sm font-medium";
const styles = {
  current: `${tab} border-indigo-600 text-indigo-700`,
  other: `${tab} border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900`,
};

/** The template page's tabs: its document, and its history. */
export function TemplateTabs({ id, current }: { id: string; current: "document" | "history" }) {
  const tabs = [
    { key: "document", label: "Document", href: `/templates/${id}` },
    { key: "history", label: "History", href: `/templates/${id}/history` },
  ] as const;
  return (
    <nav aria-label="Template" className="mb-4 flex gap-1 border-b border-slate-200">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={t.key === current ? "page" : undefined}
          className={t.key === current ? styles.current : styles.other}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
