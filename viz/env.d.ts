// Vite's client types: CSS imports and import.meta.env in the visualizer.
/// <reference types="vite/client" />
