// Keeps a part whose code could not be loaded (a lazily loaded panel, and the server went away or was rebuilt) from
// blanking the whole window: its error shows where the part would be, with Retry, which mounts it afresh. Also
// the part's Suspense boundary: `loading` shows while its code is on its way.
import { Component, Fragment, Suspense, type ReactNode } from 'react';
import { errorMessage } from '../lib/error-message';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  /** What failed to load, for the notice: "The event details could not be loaded:". */
  title: string;
  loading: ReactNode;
  /** The class of the element that holds the notice (so it sits where the part would have). */
  className?: string;
  children: ReactNode;
}

interface State {
  error: { cause: unknown } | null;
  attempt: number;
}

export class LoadBoundary extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(cause: unknown): Partial<State> {
    return { error: { cause } };
  }

  override render() {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <div className={this.props.className}>
          <ErrorNotice
            title={this.props.title}
            message={errorMessage(error.cause)}
            onRetry={() => this.setState({ error: null, attempt: attempt + 1 })}
          />
        </div>
      );
    }
    return (
      <Fragment key={attempt}>
        <Suspense fallback={this.props.loading}>{this.props.children}</Suspense>
      </Fragment>
    );
  }
}
