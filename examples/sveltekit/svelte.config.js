import adapter from '@sveltejs/adapter-node';

// adapter-node: `node build/index.js` serves the app (HOST, PORT and PUBLIC_LEADBEACON_ENDPOINT from the environment).
export default { kit: { adapter: adapter() } };
