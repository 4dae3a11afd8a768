/**
 * `<P2PStatsDisplay>`: `<p2p-stats-display>` as a React component. Inside `<P2PVideo>`'s
 * `controls` slot or a media-chrome bar it follows the media; outside, pass `stats`.
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { P2PStatsDisplay as P2PStatsDisplayElement } from '../elements/define.js';

export type P2PStatsDisplayProps = Partial<Pick<P2PStatsDisplayElement, 'stats'>> &
  Omit<React.HTMLAttributes<P2PStatsDisplayElement>, 'stats'> &
  React.RefAttributes<P2PStatsDisplayElement>;

export const P2PStatsDisplay: React.ForwardRefExoticComponent<P2PStatsDisplayProps> = createComponent({
  react: React,
  tagName: 'p2p-stats-display',
  elementClass: P2PStatsDisplayElement,
  displayName: 'P2PStatsDisplay',
}) as React.ForwardRefExoticComponent<P2PStatsDisplayProps>;
