export function ManagedBadge({ path }: { path: string }) {
  return (
    <span
      className="inline-flex items-center gap-1 rounded-full bg-slate-800 px-2 py-0.5 text-xs font-medium text-white"
      title={path}
    >
      Managed by GitHub <code className="font-mono text-slate-300">{path}</code>
    </span>
  );
}
