/**
 * The API client the whole dashboard shares, and the API token when the server requires one. A
 * 401 from any call asks for a token; the token is kept in this browser's local storage.
 */
import { createApi } from '../../lib/api';
import { createStore } from '../../lib/store';

const TOKEN_KEY = 'testops.token';

export interface AuthState {
  token: string | null;
  /** The server answered 401: a token (or another one) is needed. */
  needed: boolean;
}

export const auth = createStore<AuthState>({
  token: localStorage.getItem(TOKEN_KEY),
  needed: false,
});

export function setToken(token: string | null): void {
  if (token === null || token === '') {
    localStorage.removeItem(TOKEN_KEY);
  } else {
    localStorage.setItem(TOKEN_KEY, token);
  }
  auth.set({ token: token === '' ? null : token, needed: false });
}

export const api = createApi({
  token: () => auth.get().token,
  onUnauthorized: () => {
    auth.set((state) => (state.needed ? state : { ...state, needed: true }));
  },
});
