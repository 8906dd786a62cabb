// Close Reading Lab: the few parts of anywidget and of the Jupyter page that the course's widget
// modules use, typed for `tsc --noEmit` (tests/test_frontend_types.py). Only types: nothing here
// reaches the browser, and the package does not ship it.

/** A Lumino signal, as JupyterLab's kernel connection offers them. */
interface HostSignal<V> {
  connect(slot: (sender: unknown, value: V) => void): boolean;
  disconnect(slot: (sender: unknown, value: V) => void): boolean;
}

/** The kernel, where the host tells it (JupyterLab and Notebook 7 do; other hosts may not). */
interface HostKernel {
  readonly status: string;
  readonly isDisposed: boolean;
  readonly statusChanged: HostSignal<string>;
  readonly disposed: HostSignal<void>;
}

/** A widget's model: its synced traits (`Traits`, named as in Python) and its message channel. */
interface AnyModel<Traits extends object> {
  get<K extends keyof Traits>(name: K): Traits[K];
  set<K extends keyof Traits>(name: K, value: Traits[K]): void;
  save_changes(): void;
  send(content: object): void;
  on(event: string, callback: (...args: any[]) => void): void;
  off(event: string, callback?: (...args: any[]) => void): void;
  readonly widget_manager?: { readonly kernel?: HostKernel };
}

/** What anywidget hands a module's `render`. */
interface RenderProps<Traits extends object> {
  model: AnyModel<Traits>;
  el: HTMLElement;
}
