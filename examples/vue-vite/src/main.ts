import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import { LeadbeaconPlugin } from '@leadbeacon/vue';
import App from './App.vue';
import Home from './Home.vue';
import Services from './Services.vue';
import { leadbeaconEndpoint } from './endpoint';
import './styles.css';

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: Home },
    { path: '/services', component: Services },
  ],
});

createApp(App)
  .use(router)
  // `router`: each navigation is reported once (the tracker also sees history; it never counts one twice).
  .use(LeadbeaconPlugin, { config: { endpoint: leadbeaconEndpoint(), defaultCountry: 'VN' }, router })
  .mount('#app');
