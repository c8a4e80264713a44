import type { ThemeConfig } from 'antd';

// antd's default secondary and tertiary greys fail WCAG AA contrast on white; darker ones pass.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1456b8',
    colorTextSecondary: '#4d4d4d',
    colorTextTertiary: '#595959',
    colorTextQuaternary: '#666666',
    colorTextPlaceholder: '#666666',
    colorTextDescription: '#595959',
    colorTextDisabled: '#6b6b6b',
    colorLink: '#1456b8',
    // antd's default red (#ff4d4f) fails contrast for danger links (delete) on white.
    colorError: '#c41d2a',
  },
  // A compact menu keeps every screen in view at 1366×768.
  components: { Menu: { itemHeight: 34, itemMarginBlock: 2 } },
};

/**
 * Status colours for tags: solid and dark enough for white text to pass contrast (antd's light
 * preset tags do not).
 */
export const STATUS_COLOURS = { ok: '#237804', bad: '#a8071a', warn: '#ad4e00' } as const;
