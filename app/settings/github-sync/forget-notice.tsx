"use client";

import { useEffect } from "react";

/**
 * A notice reports what just happened: drop it from the address, so a reload does not report it
 * again. Through Next's router, not around it: Next patches `history.replaceState` so that a call
 * with a state of our own (null here, not Next's `__NA`) also moves the router's URL, but it
 * installs that patch in the app router's own effect, which runs after this child's effect on the
 * first render, and a soft navigation writes its URL in the same commit. Called then, the router
 * kept `?notice=` and its next commit (the sync panel's refresh) wrote it back. After the commit's
 * effects (a task later) the call goes through the patch.
 */
export function ForgetNotice() {
  useEffect(() => {
    const timer = setTimeout(() => {
      const url = new URL(window.location.href);
      url.searchParams.delete("notice");
      url.searchParams.delete("error");
      window.history.replaceState(null, "", url);
    }, 0);
    return () => clearTimeout(timer);
  }, []);
  return null;
}
