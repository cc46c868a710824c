/**
 * When the warning's buttons may act (issue 10 item 5): only on a trusted click, and only once the
 * dialog has been visible for `delayMs` without a break. "Visible" is the browser's own verdict
 * where IntersectionObserver v2 exists (Chromium: `trackVisibility` reports `isVisible` false while
 * anything covers, fades, filters or transforms the dialog); elsewhere (Firefox) the dialog counts
 * as visible while its tab is visible. So a page cannot click the buttons itself, nor get the user
 * to click them blind: the dialog opens in the top layer, and a click that lands before the user
 * could have read it does nothing. Host-free: time and the observer come in as parameters.
 */

/** How long the dialog must have been visible before a click counts; long enough to see it, short enough not to annoy. */
export const ARM_DELAY_MS = 500;

export interface ArmingOptions {
  /** The element whose visibility counts (the dialog box). */
  target: Element;
  win: Window;
  delayMs?: number;
  now?: () => number;
  /** Called whenever the armed state may have changed (to update the buttons' look). */
  onChange?: (isArmed: boolean) => void;
}

export interface Arming {
  /** True when a trusted click on a button that has existed for `delayMs` may act. */
  isArmed(): boolean;
  /** Whether `event` is a click the user made on an armed dialog, on a control shown at `shownAt`. */
  accepts(event: Event, shownAt: number): boolean;
  now(): number;
  stop(): void;
}

type VisibilityEntry = IntersectionObserverEntry & { isVisible?: boolean };
type ObserverInit = IntersectionObserverInit & { trackVisibility?: boolean; delay?: number };
type WindowWithObserver = Window & { IntersectionObserver?: typeof IntersectionObserver };

/** True where IntersectionObserver v2 (`trackVisibility`) is implemented. */
export function hasVisibilityTracking(win: Window): boolean {
  const Observer = (win as WindowWithObserver).IntersectionObserver;
  return typeof Observer === 'function' && 'trackVisibility' in Observer.prototype;
}

export function createArming(options: ArmingOptions): Arming {
  const { target, win } = options;
  const delayMs = options.delayMs ?? ARM_DELAY_MS;
  const now = options.now ?? (() => win.performance.now());
  let visibleSince: number | undefined;
  let timer: number | undefined;
  let observer: IntersectionObserver | undefined;

  const isArmed = (): boolean => visibleSince !== undefined && now() - visibleSince >= delayMs;
  function notify(): void {
    options.onChange?.(isArmed());
    if (timer !== undefined) win.clearTimeout(timer);
    timer = undefined;
    // Tell the UI once the delay has run out.
    if (visibleSince !== undefined && !isArmed()) timer = win.setTimeout(notify, delayMs - (now() - visibleSince) + 1);
  }
  function setVisible(isVisible: boolean): void {
    if (isVisible) visibleSince ??= now();
    else visibleSince = undefined;
    notify();
  }

  const onVisibility = (): void => setVisible(win.document.visibilityState !== 'hidden');
  const Observer = (win as WindowWithObserver).IntersectionObserver;
  if (Observer && hasVisibilityTracking(win)) {
    const init: ObserverInit = { trackVisibility: true, delay: 100, threshold: [0, 1] };
    observer = new Observer((entries: IntersectionObserverEntry[]) => {
      const last = entries[entries.length - 1] as VisibilityEntry | undefined;
      if (last) setVisible(last.isVisible === true && last.intersectionRatio > 0);
    }, init);
    observer.observe(target);
    notify();
  } else {
    win.document.addEventListener('visibilitychange', onVisibility);
    onVisibility();
  }

  return {
    isArmed,
    now,
    accepts(event, shownAt) {
      return event.isTrusted === true && isArmed() && now() - shownAt >= delayMs;
    },
    stop() {
      observer?.disconnect();
      win.document.removeEventListener('visibilitychange', onVisibility);
      if (timer !== undefined) win.clearTimeout(timer);
    },
  };
}
