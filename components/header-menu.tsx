"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";

type Props = {
  brand: ReactNode;
  links: { href: string; label: string }[];
  /** The organization switch, the user and Sign out. */
  children: ReactNode;
};

const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

/**
 * The header's navigation and account controls. From `md` up they sit in one row; below, they
 * collapse behind a disclosure button (aria-expanded) that opens them as a panel. Escape closes the
 * panel and returns focus to the button; following a link closes it.
 */
export function HeaderMenu({ brand, links, children }: Props) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3">
      {brand}
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls="header-menu"
        onClick={() => setOpen(!open)}
        className="ml-auto inline-flex items-center gap-2 rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 md:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="currentColor">
          {open ? (
            <path d="M3.7 2.3 8 6.6l4.3-4.3 1.4 1.4L9.4 8l4.3 4.3-1.4 1.4L8 9.4l-4.3 4.3-1.4-1.4L6.6 8 2.3 3.7z" />
          ) : (
            <path d="M1 3h14v2H1zm0 4h14v2H1zm0 4h14v2H1z" />
          )}
        </svg>
        Menu
      </button>
      <div
        id="header-menu"
        className={`${open ? "flex" : "hidden"} w-full flex-col gap-4 border-t border-slate-200 pt-3 text-sm md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:border-0 md:pt-0`}
      >
        <nav aria-label="Main">
          <ul className="flex flex-col gap-3 md:flex-row md:gap-4">
            {links.map((link) => {
              const current = isCurrent(pathname, link.href);
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={current ? "page" : undefined}
                    className={
                      current ? "font-semibold text-indigo-800 underline underline-offset-4" : "hover:underline"
                    }
                  >
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="flex flex-col items-start gap-3 md:ml-auto md:flex-row md:items-center">{children}</div>
      </div>
    </div>
  );
}
