// Registers <p2p-video> (the self-registering entry). Vue must be told it is a custom element:
// see `compilerOptions.isCustomElement` in examples/vite-config.ts.
import 'p2p-video/define';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
