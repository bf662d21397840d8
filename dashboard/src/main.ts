import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './router'
import './styles/main.css'
import { markOnce } from './timing'

// The entry and everything it imports have been fetched and evaluated.
markOnce('app-start')
const app = createApp(App)
app.use(createAppRouter())
app.mount('#app')
