// Components whose code loads on first use, so the first rows wait for no code they do not show (issue 5): a
// React.lazy that can also be loaded ahead of time (`preload`: at idle once the first rows are up, or when the user
// heads for it) and that, once its code is in, renders at once instead of suspending for a round. A load that
// failed is tried again by the next mount.
import { createElement, lazy, useState, type ComponentType, type ReactNode } from 'react';

export interface OnDemand<P> {
  (props: P): ReactNode;
  preload(): Promise<ComponentType<P>>;
}

export function onDemand<P extends object>(load: () => Promise<ComponentType<P>>): OnDemand<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  function OnDemandComponent(props: P) {
    // Chosen once per mount: switching from the lazy wrapper to the loaded component would remount it (and lose
    // its state); a new lazy per mount lets a remount (the error boundary's Retry) load again after a failure.
    const [type] = useState<ComponentType<P>>(() => loaded ?? lazy(async () => ({ default: await preload() })));
    return createElement(type, props);
  }
  return Object.assign(OnDemandComponent, { preload });
}
