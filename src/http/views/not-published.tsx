import { Layout } from './layout.tsx';

/** What the public sees of an organisation on the service whose plan is not published yet (answered with 404). */
export function NotPublishedPage(props: { organisation: string; siteName: string; path: string }) {
  return (
    <Layout
      title="計画はまだ公開されていません"
      siteName={props.siteName}
      organisation={props.organisation}
      path={props.path}
    >
      <h1>{props.organisation}の計画はまだ公開されていません</h1>
      <p>{props.organisation}の計画の進捗は、準備ができしだいこのサイトで公開されます。</p>
    </Layout>
  );
}
