// Builds crates/web/assets/ from the pinned govuk-frontend package: the compiled stylesheet, the
// GOV.UK Frontend JavaScript module and its initialiser. The output is committed so that building
// the Rust binary needs no Node; run `npm run build:assets` after changing any of the inputs.
import { compile } from 'sass'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'crates/web/assets')
mkdirSync(out, { recursive: true })

const { css } = compile(join(root, 'scripts/sendcase.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true
})
// The typeface's licence is for gov.uk only: fail rather than ship it by accident.
if (/GDS Transport|@font-face/.test(css)) {
  throw new Error('the compiled stylesheet still refers to the GDS Transport font')
}
writeFileSync(join(out, 'sendcase.css'), css + '\n')

copyFileSync(join(root, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'))
writeFileSync(join(out, 'init.mjs'), "import { initAll } from '/assets/govuk-frontend.min.js'\ninitAll()\n")
writeFileSync(
  join(out, 'favicon.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d70b8"/>' +
    '<text x="16" y="23" font-family="arial,sans-serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">S</text></svg>\n'
)
console.log(`assets written to ${out}`)
