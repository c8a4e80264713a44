/**
 * The live event stream (SSE on /api/v1/events): one EventSource for the whole app, its state
 * for the header's indicator, and a way for pages to react to events.
 */
import { useEffect, useState } from 'react';

export type LiveState = 'connecting' | 'live' | 'offline';
export interface LiveEvent {
  type: string;
  [key: string]: unknown;
}

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
const stateListeners = new Set<(s: LiveState) => void>();
let source: EventSource | null = null;
let state: LiveState = 'offline';

function setState(next: LiveState) {
  state = next;
  for (const l of stateListeners) l(next);
}

function deliver(message: MessageEvent<string>) {
  try {
    const event = JSON.parse(message.data) as LiveEvent;
    for (const l of listeners) l(event);
  } catch {
    // A heartbeat or a comment: nothing to deliver.
  }
}

const EVENT_TYPES = ['call.offered', 'call.answered', 'call.queued', 'call.connected', 'call.transferred', 'call.released', 'queue.summary', 'agent.state', 'span.state', 'span.alarm', 'channel.state', 'outbound.progress'];

export function openLiveEvents(): void {
  if (source) return;
  setState('connecting');
  source = new EventSource('/api/v1/events', { withCredentials: true });
  source.onopen = () => setState('live');
  source.onerror = () => setState(source?.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  source.onmessage = deliver;
  for (const type of EVENT_TYPES) source.addEventListener(type, deliver as EventListener);
}

export function closeLiveEvents(): void {
  source?.close();
  source = null;
  setState('offline');
}

export function useLiveState(): LiveState {
  const [value, setValue] = useState(state);
  useEffect(() => {
    stateListeners.add(setValue);
    return () => {
      stateListeners.delete(setValue);
    };
  }, []);
  return value;
}

export function useLiveEvents(listener: Listener): void {
  useEffect(() => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [listener]);
}
