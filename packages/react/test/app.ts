// A small React Router app using the adapter as its README says (no JSX, like the package).
import { StrictMode, createElement as h, type ReactNode } from 'react';
import { Outlet, createBrowserRouter, useLocation, type RouteObject } from 'react-router';
import { LeadbeaconProvider, useLeadbeacon, usePageView, useTrack, type LeadbeaconConfig, type Tracker } from '../src/index';

/** What the test asks the component to track next, and the tracker the component got. */
export const probe: { next?: { name: string; props?: Record<string, unknown> }; tracker?: Tracker } = {};

function Layout() {
  usePageView(useLocation());
  probe.tracker = useLeadbeacon();
  const track = useTrack();
  return h(
    'main',
    null,
    h('p', null, `tracker:${typeof probe.tracker.track === 'function' ? 'ok' : 'missing'}`),
    h('button', { id: 'lb-track', onClick: () => probe.next && track(probe.next.name, probe.next.props) }, 'track'),
    h(Outlet),
  );
}

export const routes: RouteObject[] = [
  {
    element: h(Layout),
    children: [
      { path: '/', element: h('h1', null, 'Home') },
      { path: '/second', element: h('h1', null, 'Second') },
    ],
  },
];

export const browserRouter = () => createBrowserRouter(routes);

export function app(config: LeadbeaconConfig, children: ReactNode, strict = false) {
  const tree = h(LeadbeaconProvider, { config }, children);
  return strict ? h(StrictMode, null, tree) : tree;
}
