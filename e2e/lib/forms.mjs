// Filling and sending GOV.UK forms in the browser tests: dates by their legend, buttons by name,
// and the error summary's text.
export async function fillDate(page, legend, [day, month, year]) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

export async function submit(page, name) {
  await page.getByRole('button', { name }).click();
  await page.waitForLoadState('load');
}

export async function errorSummary(page) {
  return page.locator('.govuk-error-summary').innerText();
}
