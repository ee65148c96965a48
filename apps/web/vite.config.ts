/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";

// The API runs on :8080 (go tool task dev). The proxy keeps the browser's Host
// header (changeOrigin: false) so the API resolves the tenant from
// {slug}.localhost:5173 exactly as it would from {slug}.localhost:8080.
const api = process.env.API_URL ?? "http://localhost:8080";

export default defineConfig({
  plugins: [
    react(),
    {
      // dist/ is emptied on every build; the Go embed needs dist/.gitkeep in a fresh clone.
      name: "keep-gitkeep",
      apply: "build",
      closeBundle() {
        writeFileSync(resolve(import.meta.dirname, "dist/.gitkeep"), "");
      },
    },
  ],
  server: {
    host: true,
    allowedHosts: [".localhost"],
    proxy: {
      "/api": { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Pages are split by route (src/app/pages.tsx). React and the router change only with a
        // dependency update, so they get a chunk of their own that browsers keep cached across
        // releases of the app's code.
        codeSplitting: {
          groups: [{ name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/ }],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    css: false,
  },
});
