export function ManagedBadge({ path }: { path: string }) {
  return (
    <span
      className="inline-flex max-w-full flex-wrap items-center gap-x-1 rounded-full bg-slate-800 px-2 py-0.5 text-xs font-medium text-white"
      title={path}
    >
      Managed by GitHub <code className="break-all font-mono text-slate-300">{path}</code>
    </span>
  );
}
