import { render } from "preact"; render(<p>Model Proxy</p>, document.getElementById("app")!);
