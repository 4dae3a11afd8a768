// JIT: the Angular compiler runs in the browser, so Vite can bundle this app without the
// Angular CLI (see README.md). It must be imported before anything else from Angular.
import '@angular/compiler';
import 'p2p-video/define';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app.component';

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch((error) =>
  console.error(error),
);
