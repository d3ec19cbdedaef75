// A small vue-router app using the plugin as its README says (render functions: no compiler needed).
import { defineComponent, h, resolveDirective, withDirectives } from 'vue';
import { RouterView, createRouter, type RouterHistory } from 'vue-router';
import { useLeadbeacon, type Tracker } from '../src/index';

/** What the test asks the component to track next, and the tracker the component got. */
export const probe: { next?: { name: string; props?: Record<string, unknown> }; tracker?: Tracker } = {};

export const Layout = defineComponent({
  setup() {
    const tracker = (probe.tracker = useLeadbeacon());
    return () =>
      h('main', [
        h('p', `tracker:${typeof tracker.track === 'function' ? 'ok' : 'missing'}`),
        h('button', { id: 'lb-track', onClick: () => probe.next && tracker.track(probe.next.name, probe.next.props) }, 'track'),
        withDirectives(h('button', { id: 'cta' }, 'Book'), [[resolveDirective('lead')!, { type: 'booking_click', value: 50 }]]),
        h(RouterView),
      ]);
  },
});

export const makeRouter = (history: RouterHistory) =>
  createRouter({
    history,
    routes: [
      { path: '/', component: { render: () => h('h1', 'Home') } },
      { path: '/second', component: { render: () => h('h1', 'Second') } },
    ],
  });
