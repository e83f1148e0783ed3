export default function LoadingHistory() {
  return (
    <p role="status" className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-700">
      Loading the history…
    </p>
  );
}
