/**
 * The headers every page gets (see SECURITY.md): a nonce-based Content-Security-Policy as
 * Next.js documents it. Only `next dev` gets what Next's guide lists for development: 'unsafe-eval'
 * (React rebuilds server error stacks with eval) and inline styles without a nonce (the dev overlay
 * and its indicator inject style elements and attributes; a nonce in style-src would make browsers
 * ignore 'unsafe-inline'). Production keeps nonce-only scripts and styles.
 */
export function securityHeaders(options: {
  nonce: string;
  development: boolean;
  https: boolean;
  /** GitHub's web origin: "Connect" redirects a form submission there; avatars come from there. */
  githubOrigin?: string;
}): Record<string, string> {
  const { nonce, development, https, githubOrigin } = options;
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // Account avatars: GitHub's own origin (GitHub Enterprise, the simulator) or github.com's avatar host.
    `img-src 'self' blob: data:${githubOrigin ? ` ${githubOrigin} https://avatars.githubusercontent.com` : ""}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${githubOrigin ? ` ${githubOrigin}` : ""}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
