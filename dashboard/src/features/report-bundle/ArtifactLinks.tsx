import type { MouseEvent } from 'react';
import { bundleUrl, reportUrl } from '../../lib/api';
import type { RunView } from '../../lib/runView';
import { auth } from '../auth/session';

/**
 * Report and Bundle, inert until the run's report and bundle are written. With an API token the
 * file is fetched with it and handed to the browser, since a plain link cannot send the header.
 */
export function ArtifactLinks({ view }: { view: RunView }) {
  return (
    <nav className="artifacts" aria-label="Run artifacts">
      <ArtifactLink
        label="Report"
        href={reportUrl(view.runId)}
        ready={view.artifacts.report !== undefined}
        download={null}
      />
      <ArtifactLink
        label="Bundle"
        href={bundleUrl(view.runId)}
        ready={view.artifacts.bundle !== undefined}
        download={`run-${view.runId}.tar.gz`}
      />
    </nav>
  );
}

function ArtifactLink(props: {
  label: string;
  href: string;
  ready: boolean;
  download: string | null;
}) {
  if (!props.ready) {
    return (
      <a role="link" aria-disabled="true" className="button disabled">
        {props.label}
      </a>
    );
  }
  const withToken = (event: MouseEvent<HTMLAnchorElement>) => {
    const token = auth.get().token;
    if (token !== null) {
      event.preventDefault();
      void openWithToken(props.href, token, props.download);
    }
  };
  return (
    <a
      className="button"
      href={props.href}
      target={props.download === null ? '_blank' : undefined}
      rel="noopener"
      download={props.download ?? undefined}
      onClick={withToken}
    >
      {props.label}
    </a>
  );
}

async function openWithToken(href: string, token: string, download: string | null) {
  const response = await fetch(href, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  if (download === null) {
    window.open(url, '_blank', 'noopener');
  } else {
    const link = document.createElement('a');
    link.href = url;
    link.download = download;
    link.click();
  }
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
