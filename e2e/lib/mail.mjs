// Reading what the server emailed from maildev, and following an invitation's link.
import assert from 'node:assert/strict';

// The newest invitation link emailed to `address`, waited for while the outbox worker sends it.
export async function invitationLink(address) {
  const api = `${process.env.MAILDEV_URL}/api/email?to.address=${encodeURIComponent(address)}`;
  for (let tries = 0; tries < 100; tries++) {
    const emails = await (await fetch(api)).json();
    const link = emails.map((e) => e.text.match(/http\S+\/invitation\/\S+/)?.[0]).find(Boolean);
    if (link) return { link, email: emails.find((e) => e.text.includes(link)) };
    await new Promise((done) => setTimeout(done, 200));
  }
  assert.fail(`no invitation reached ${address}`);
}

// Chooses the first `password` of an invited account on the invitation's page `page` is at.
export async function choosePassword(page, password) {
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('The same password again').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#outcome').innerText(), /Your password is set/);
}
