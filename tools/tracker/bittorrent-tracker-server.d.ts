// bittorrent-tracker ships no types; tracker-server.ts describes the part it uses.
declare module 'bittorrent-tracker/server' {
  const Server: new (options: { udp?: boolean; http?: boolean; ws?: boolean; stats?: boolean }) => unknown;
  export default Server;
}
