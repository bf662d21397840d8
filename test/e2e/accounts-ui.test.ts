import { describe, expect, it } from 'vitest';
import { artifacts } from './browser.js';
import { useDemoHub } from './hub.js';
import { choose, login } from './steps.js';

const hub = useDemoHub();

describe('accounts in the browser', () => {
  it('an administrator creates an account; its user has to change the temporary password before anything else', async () => {
    const page = await hub.browser.context.newPage();
    try {
      await login(page, hub.base, 'admin');
      await page.goto(`${hub.base}/accounts`);
      await page.getByRole('button', { name: '新建账号' }).click();
      const dialog = page.locator('.account-dialog');
      await dialog.locator('input[data-testid="account-username"]').fill('zhaoliu');
      await dialog.locator('input[data-testid="account-name"]').fill('赵六');
      await choose(page, dialog.locator('[data-testid="account-role"]'), '部门工作人员');
      await choose(page, dialog.locator('[data-testid="account-department"]'), '市场监督管理局');
      await dialog.getByRole('button', { name: '新建账号' }).click();
      const issued = page.locator('.accounts__issued [data-test="temporary-password"]');
      await issued.waitFor();
      const temporary = (await issued.textContent())!.trim();
      expect(temporary).toMatch(/^[A-Za-z0-9]{12}$/);
      await page.locator('.accounts__issued').screenshot({ path: `${artifacts}/accounts-issued.png` });
      await page.locator('.accounts__issued').getByRole('button', { name: '我已记下' }).click();
      await page.locator('.el-table__row', { hasText: 'zhaoliu' }).getByText('须修改密码').waitFor();

      await page.locator('[data-testid="user-menu"]').click();
      await page.locator('[data-testid="logout"]').click();
      await page.goto(`${hub.base}/login`);
      await page.getByLabel('用户名').fill('zhaoliu');
      await page.getByLabel('密码').fill(temporary);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((u) => u.pathname === '/password');
      // Any other page leads back here until the password is changed.
      await page.goto(`${hub.base}/subjects`);
      await page.waitForURL((u) => u.pathname === '/password');
      await page.locator('input[data-testid="old-password"]').fill(temporary);
      await page.locator('input[data-testid="new-password"]').fill('Zhao2026ok');
      await page.locator('input[data-testid="confirm-password"]').fill('Zhao2026ok');
      await page.screenshot({ path: `${artifacts}/accounts-forced-change.png` });
      await page.locator('.password-page').getByRole('button', { name: '修改密码' }).click();
      await page.waitForURL((u) => u.pathname === '/subjects');
      await page.locator('.app-header__display', { hasText: '赵六' }).waitFor();
      const row = (await hub.t.db.pool.query(`select must_change_password, role, (select code from department where id = department_id) code from app_user where username = 'zhaoliu'`)).rows[0];
      expect(row).toEqual({ must_change_password: false, role: 'CLERK', code: 'SCJG' });
    } finally {
      await page.close();
    }
  }, 180_000);
});
