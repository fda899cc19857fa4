import { useManagementText } from './messages';

/** The debt-clearing screen's name in the reader's language (for the navigation). */
export function ManagementTitle() {
  return <>{useManagementText().m('title')}</>;
}
