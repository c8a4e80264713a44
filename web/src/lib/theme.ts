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
  },
};
