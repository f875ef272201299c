import { useEffect, useRef, useState } from 'react';
import type { IssuedKey } from '../api/presharedKeys';

/**
 * Shows a just-issued key once, with a copy button. The key lives only in this component's state:
 * dismissing it (or leaving the page) forgets it, and it is never cached or stored.
 */
export function KeyReveal({ issued, onDismiss }: { issued: IssuedKey; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(issued.preshared_key);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="reveal" role="region" aria-labelledby="reveal-title" tabIndex={-1} ref={box}>
      <h3 id="reveal-title">Key “{issued.name}” issued</h3>
      <p>Copy it now: it is shown only this once and cannot be retrieved later.</p>
      <code className="secret" data-testid="issued-key">
        {issued.preshared_key}
      </code>
      <div className="actions">
        <button type="button" className="primary" onClick={copy}>
          Copy key
        </button>
        <button type="button" onClick={onDismiss}>
          I have stored it
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copying failed: select the key and copy it by hand.' : ''}
      </p>
    </div>
  );
}
