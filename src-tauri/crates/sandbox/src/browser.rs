//! A person's part of the sign-in, for tests: open the authorization link,
//! press Approve on the fake's sign-in page, and see where the browser is
//! sent (the app's loopback callback). Redirects are not followed, so the
//! caller checks each step itself.

/// Why playing the browser failed; one line each.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    #[error("{step}: {source}")]
    Http {
        step: &'static str,
        source: reqwest::Error,
    },
    #[error("the sign-in page answered HTTP {0}")]
    Page(u16),
    #[error("the sign-in form carries no state: {0}")]
    NoState(String),
    #[error("{0} is not a URL")]
    BadUrl(String),
    #[error("Approve answered HTTP {status}, not a redirect: {body}")]
    NotRedirected { status: u16, body: String },
}

/// Opens `authorization_url`, submits the sign-in form with
/// `decision=approve`, and returns the redirect's `Location`.
pub async fn approve(authorization_url: &str) -> Result<String, BrowserError> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|source| BrowserError::Http {
            step: "building the client",
            source,
        })?;
    let http_error = |step| move |source| BrowserError::Http { step, source };
    let page = http
        .get(authorization_url)
        .send()
        .await
        .map_err(http_error("opening the sign-in page"))?;
    if page.status() != 200 {
        return Err(BrowserError::Page(page.status().as_u16()));
    }
    let html = page
        .text()
        .await
        .map_err(http_error("reading the sign-in page"))?;
    let mut form = hidden_inputs(&html);
    if !form.iter().any(|(name, _)| name == "state") {
        return Err(BrowserError::NoState(html));
    }
    form.push(("decision".into(), "approve".into()));
    let mut action = url::Url::parse(authorization_url)
        .map_err(|_| BrowserError::BadUrl(authorization_url.to_owned()))?;
    action.set_query(None);
    let answer = http
        .post(action)
        .form(&form)
        .send()
        .await
        .map_err(http_error("pressing Approve"))?;
    let location = answer
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    match (answer.status().as_u16(), location) {
        (303, Some(location)) => Ok(location),
        (status, _) => Err(BrowserError::NotRedirected {
            status,
            body: answer.text().await.unwrap_or_default(),
        }),
    }
}

/// `name=value` of every hidden input of the page's form, unescaped, as a
/// browser would submit them.
pub fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    html.split("<input")
        .skip(1)
        .filter(|tag| tag.contains(r#"type="hidden""#))
        .filter_map(|tag| {
            Some((
                attribute(tag, "name")?,
                html_escape::decode_html_entities(&attribute(tag, "value")?).into_owned(),
            ))
        })
        .collect()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(r#"{name}=""#))? + name.len() + 2;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hidden_inputs_and_unescapes_values() {
        let html = r#"<form><input type="hidden" name="state" value="a&amp;b"><input type="text" name="x" value="y"><input type="hidden" name="scope" value="user.info,user.metrics"></form>"#;
        assert_eq!(
            hidden_inputs(html),
            vec![
                ("state".to_owned(), "a&b".to_owned()),
                ("scope".to_owned(), "user.info,user.metrics".to_owned())
            ]
        );
    }
}
