"use client";

import { useEffect } from "react";

/**
 * A notice reports what just happened: drop it from the address, so a reload does not report it
 * again. The state passed is null on purpose: Next's router ignores a replaceState whose state is
 * its own (`__NA`), so passing `window.history.state` changed the address bar but not the router,
 * and the router's next commit (the sync panel's refresh) wrote `?notice=` back.
 */
export function ForgetNotice() {
  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.delete("notice");
    url.searchParams.delete("error");
    window.history.replaceState(null, "", url);
  }, []);
  return null;
}
