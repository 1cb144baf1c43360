import { useState, useSyncExternalStore } from 'react';
import { auth, setToken } from './session';

/** Asks for an API token once the server answered 401; hidden otherwise. */
export function TokenField() {
  const state = useSyncExternalStore(auth.subscribe, auth.get);
  const [value, setValue] = useState('');
  if (!state.needed) {
    return null;
  }
  return (
    <form
      className="token"
      onSubmit={(event) => {
        event.preventDefault();
        setToken(value.trim());
      }}
    >
      <label htmlFor="api-token">API token</label>
      <input
        id="api-token"
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
        }}
      />
      <button type="submit">Use token</button>
      <span role="alert">This server requires an API token (testops token create).</span>
    </form>
  );
}
