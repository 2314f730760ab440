// Entry point of the visualizer (npm start / npm run build).
import './styles.css';
import { App } from './app';
import { installHooks } from './hooks';
import { LessonTour } from './lessons/lessonTour';

const app = new App(document);
installHooks(app);
const tour = new LessonTour(document, app);
app.start();
tour.start();
