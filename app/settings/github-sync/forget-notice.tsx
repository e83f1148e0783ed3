"use client";

import { useEffect } from "react";

/** A notice reports what just happened: drop it from the address, so a reload does not report it again. */
export function ForgetNotice() {
  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.delete("notice");
    url.searchParams.delete("error");
    window.history.replaceState(window.history.state, "", url);
  }, []);
  return null;
}
