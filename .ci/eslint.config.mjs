// ESLint for the pages' scripts: layouts/assets/*.js and the preview's
// live-reload script. It checks two things only: the syntax is ES2019,
// the newest that Chromium 78 and Firefox 78 both run, and every Web API
// used is in the browsers of ../.browserslistrc (eslint-plugin-compat).
import compat from "eslint-plugin-compat";

export default [
  {
    files: ["layouts/assets/*.js", "generator/serve/live.js"],
    languageOptions: {
      ecmaVersion: 2019,
      sourceType: "script",
    },
    plugins: { compat },
    rules: {
      "compat/compat": "error",
    },
  },
];
