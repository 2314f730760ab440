// Entry point of the visualizer (npm start / npm run build).
import './styles.css';
import { App } from './app';
import { installHooks } from './hooks';

const app = new App(document);
installHooks(app);
app.start();
