//! Fills a database for `bench/export.sh`: the demo, then `--pages` published articles written
//! in Spanish and translated into English through the content studio, each about as long as a
//! campaign article, with a byline and two tags.

use anyhow::anyhow;
use clap::Parser;
use hermana::config::DatabaseConfig;
use hermana::content::{articles, model as content, studio};
use hermana::i18n::Lang;

/// Adds published articles in both languages to the demo organization.
#[derive(Parser)]
struct Args {
    /// How many articles to add.
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    #[command(flatten)]
    database: DatabaseConfig,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = hermana::open(&args.database).await?;
    hermana::db::migrate(&db).await?;
    hermana::demo::load(&db).await?;
    let organization = hermana::organizations::model::find_by_slug(&db, "mascp")
        .await?
        .ok_or_else(|| anyhow!("the demo organization is missing"))?;
    let failed = |error: studio::SaveError| anyhow!("saving a page: {error:?}");
    for n in 1..=args.pages {
        let es_title = format!("Carta {n} desde Arcatao: agua, tierra y memoria");
        let new = studio::NewPage {
            organization_id: organization.id,
            lang: Lang::Es,
            title: &es_title,
            kind: content::kind::ARTICLE,
            account_id: None,
            author_name: "Equipo de comunicación",
        };
        let page = studio::create(&db, new).await.map_err(failed)?;
        let mut translations = content::translations(&db, page.id).await?;
        // The source language first: saving it marks the other outdated.
        translations.sort_by_key(|t| t.language != "es");
        for translation in translations {
            let edit = match translation.language.as_str() {
                "es" => article(&es_title, translation.slug, n, Lang::Es),
                _ => {
                    let title = format!("Letter {n} from Arcatao: water, land and memory");
                    article(&title, studio::slugify(&title), n, Lang::En)
                }
            };
            studio::save(&db, translation.id, &edit, None).await.map_err(failed)?;
        }
        let settings = articles::Settings {
            author_name: "Equipo de comunicación".into(),
            published_at: None,
            tags: vec!["Arcatao".into(), format!("Carta {}", n % 12)],
            working_group_id: None,
        };
        articles::save_settings(&db, &page, &settings).await?;
        studio::set_status(&db, page.id, true).await?;
    }
    println!("added {} articles in both languages", args.pages);
    Ok(())
}

/// About 3 KB of Markdown: headings, paragraphs, a list and links, like a campaign article.
fn article(title: &str, slug: String, n: usize, lang: Lang) -> studio::Edit {
    let (summary, paragraph, home) = match lang {
        Lang::Es => (
            "Noticias de la comunidad hermana y de la campaña por el agua.",
            "La comunidad de Arcatao se organiza para defender el agua y la tierra. Las familias \
             recuerdan a quienes lucharon antes y acompañan a las nuevas generaciones, que \
             estudian, siembran y sostienen las cooperativas del municipio.",
            "Volver al inicio",
        ),
        Lang::En => (
            "News from the sister community and the campaign for water.",
            "The community of Arcatao organizes to defend its water and land. Families remember \
             those who struggled before them and walk with the new generations, who study, farm \
             and keep the town's cooperatives going.",
            "Back to the home page",
        ),
    };
    let code = lang.code();
    let mut body = format!("## {title}\n\n");
    for section in 1..=4 {
        body.push_str(&format!("### {section}\n\n{paragraph}\n\n{paragraph}\n\n"));
    }
    body.push_str(&format!("- *{n}*\n- **{code}**\n- [{home}](/{code}/)\n"));
    studio::Edit { title: title.to_owned(), slug, summary: summary.to_owned(), body }
}
