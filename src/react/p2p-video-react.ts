/**
 * `<P2PVideo>`: `<p2p-video>` as a React component (`p2p-video/react`). Props set the element's
 * properties (`src`, `config`, `noP2P`, …; objects arrive as objects), `on…` props listen to its
 * events: ours as `on` + the event name (`onP2pstats`, `onP2psegmentload`, `onRenditionchange`),
 * the media events as on `<video>` (`onTimeUpdate`). `ref` is the element (`P2PVideoElement`).
 * Importing it registers the tags (like `p2p-video/define`).
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import { P2PVideoElement } from '../elements/define.js';
import { MEDIA_EVENT_PROPS } from './media-event-props.js';

/** Our events, as `on` + the event name with its first letter upper-cased (Vue's spelling too). */
const P2P_EVENT_PROPS = {
  onP2pstats: 'p2pstats' as EventName<HTMLElementEventMap['p2pstats']>,
  onP2ppeerconnect: 'p2ppeerconnect' as EventName<HTMLElementEventMap['p2ppeerconnect']>,
  onP2ppeerdisconnect: 'p2ppeerdisconnect' as EventName<HTMLElementEventMap['p2ppeerdisconnect']>,
  onP2psegmentload: 'p2psegmentload' as EventName<HTMLElementEventMap['p2psegmentload']>,
  onP2pwarning: 'p2pwarning' as EventName<HTMLElementEventMap['p2pwarning']>,
  onRenditionchange: 'renditionchange' as EventName<HTMLElementEventMap['renditionchange']>,
  onStreamtypechange: 'streamtypechange' as EventName<HTMLElementEventMap['streamtypechange']>,
} as const;

type MediaEventProps = typeof MEDIA_EVENT_PROPS;
/** The listener a media event prop takes: `error` is a plain `Event` (see `el.error`), like the others. */
type MediaHandlers = { [K in keyof MediaEventProps as MediaEventProps[K]]?: (event: Event) => void };
type P2PHandlers = { [K in keyof typeof P2P_EVENT_PROPS]?: (event: (typeof P2P_EVENT_PROPS)[K]['__eventType']) => void };

/**
 * The element's settable properties. Not `currentTime`: a prop is re-applied on every render,
 * which would seek each time (seek through the ref). `engine` is typed below: the property reads
 * as the engine instance, but setting it forces an engine (as `forcedEngine` does).
 */
type ElementProps = Partial<
  Pick<
    P2PVideoElement,
    | 'src' | 'forcedEngine' | 'nocontrols' | 'trackers' | 'iceServers' | 'swarmId' | 'noP2P' | 'noUpload'
    | 'p2pPassword' | 'integrity' | 'config' | 'volume' | 'muted' | 'defaultMuted' | 'playbackRate'
    | 'defaultPlaybackRate' | 'preservesPitch' | 'disablePictureInPicture' | 'disableRemotePlayback'
  >
>;

/** Setting `engine` forces a playback engine (the `engine` attribute); read the instance from the ref. */
interface EngineProp {
  engine?: 'hls' | 'shaka' | 'native' | null;
}

/** Media attributes the element copies onto its `<video>` (attributes, not properties: as spelt in HTML). */
interface MediaAttributeProps {
  autoplay?: boolean;
  loop?: boolean;
  poster?: string;
  preload?: 'none' | 'metadata' | 'auto' | '';
  playsinline?: boolean;
  crossorigin?: 'anonymous' | 'use-credentials' | '';
}

type OwnProps = ElementProps & EngineProp & MediaAttributeProps & P2PHandlers & MediaHandlers;

/** Props of `<P2PVideo>`: the element's, its events' and React's usual HTML props (`className`, `style`, `id`, …). */
export type P2PVideoProps = OwnProps & Omit<React.HTMLAttributes<P2PVideoElement>, keyof OwnProps> & React.RefAttributes<P2PVideoElement>;

const EVENTS = {
  ...P2P_EVENT_PROPS,
  ...(Object.fromEntries(Object.entries(MEDIA_EVENT_PROPS).map(([event, prop]) => [prop, event])) as Record<MediaEventProps[keyof MediaEventProps], string>),
};

export const P2PVideo: React.ForwardRefExoticComponent<P2PVideoProps> = createComponent({
  react: React,
  tagName: 'p2p-video',
  elementClass: P2PVideoElement,
  events: EVENTS,
  displayName: 'P2PVideo',
}) as React.ForwardRefExoticComponent<P2PVideoProps>;
