export function clientAddressOf(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  trustProxy: number,
): string;
export function installClientAddressHook(trustProxy: number): void;
